/**
 * The cluster bus SPI ({@link dev.pushwire.core.cluster.NodeBus}) and its in-memory implementation: how nodes of
 * a Pushwire cluster reach each other by id, so any node can answer any request of an HTTP session.
 */
package dev.pushwire.core.cluster;
