// The admin page: logs in with the admin password (HTTP Basic, user "admin", kept in sessionStorage for this tab),
// then polls /admin/api/overview and /admin/api/channels every 2 seconds. Every figure is listed in
// docs/operations.md.

import { drawLines } from "/admin/charts.js";

const REFRESH_MS = 2000;
const $ = (id) => document.getElementById(id);
let credentials = sessionStorage.getItem("pushwire-admin") || "";
let timer = null;
let shownChannel = "";

async function api(path, body) {
  const init = { headers: { Authorization: "Basic " + credentials } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch("/admin/api/" + path, init);
  const json = await response.json().catch(() => ({ error: "bad_answer", message: "the server's answer is not JSON" }));
  if (response.status === 401 || response.status === 429) {
    showLogin(json.message);
    throw new Error(json.message);
  }
  if (!response.ok) throw new Error(json.message || response.statusText);
  return json;
}

function showLogin(message) {
  clearInterval(timer);
  timer = null;
  credentials = "";
  sessionStorage.removeItem("pushwire-admin");
  $("dash").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  document.body.dataset.state = "login";
}

async function logIn(password) {
  credentials = btoa("admin:" + password);
  try {
    await refresh();
  } catch (e) {
    return;
  }
  sessionStorage.setItem("pushwire-admin", credentials);
  $("login").hidden = true;
  $("dash").hidden = false;
  document.body.dataset.state = "dashboard";
  timer = setInterval(() => refresh().catch((e) => console.warn("refresh failed:", e.message)), REFRESH_MS);
}

function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

async function refresh() {
  const [overview, channels] = await Promise.all([api("overview"), api("channels")]);
  const node = overview.node;
  $("node-id").textContent = `${node.id} · ${node.version}`;
  const state = $("node-state");
  state.textContent = node.draining ? "draining" : node.ready ? "ready" : "not ready: " + node.notReady.join(", ");
  state.className = node.ready ? "pill" : "pill bad";
  $("drain").disabled = node.draining;
  $("connections").textContent = overview.connections;
  $("in").textContent = overview.messagesInPerSecond;
  $("out").textContent = overview.messagesOutPerSecond;
  $("pubs").textContent = overview.publicationsPerSecond;
  $("lag").textContent = overview.eventLoopLagMillis + " ms";
  $("uptime").textContent = duration(node.uptimeSeconds);
  $("transports").textContent = Object.entries(overview.byTransport).map(([t, n]) => `${t} ${n}`).join(" · ");
  document.body.dataset.connections = overview.connections;
  const series = overview.series;
  drawLines($("chart-connections"), [series.map((s) => s.connections)]);
  drawLines($("chart-messages"), [series.map((s) => s.in), series.map((s) => s.out)]);
  drawLines($("chart-lag"), [series.map((s) => s.lag)], 5);

  const body = $("channels").tBodies[0];
  body.replaceChildren();
  for (const c of channels.channels) {
    const row = body.insertRow();
    cell(row, c.name);
    cell(row, c.subscribers);
    cell(row, c.publicationsPerSecond);
    cell(row, c.historyDepth);
    row.addEventListener("click", () => showChannel(c.name));
  }
  $("no-channels").hidden = channels.channels.length > 0;
  if (shownChannel) await showChannel(shownChannel);
}

async function showChannel(name) {
  shownChannel = name;
  $("channel-name").value = name;
  const c = await api("channel?name=" + encodeURIComponent(name));
  $("channel-detail").hidden = false;
  $("channel-summary").textContent = `${c.name}: epoch ${c.epoch}, offset ${c.offset}, ${c.historyDepth} in history, `
    + `${c.publicationsPerSecond} publications/s`;
  const presence = $("presence");
  presence.replaceChildren(...c.presence.map((p) => {
    const li = document.createElement("li");
    li.textContent = `${p.client}${p.user ? " (" + p.user + ")" : " (anonymous)"}`;
    return li;
  }));
  if (c.presence.length === 0) presence.innerHTML = "<li class='out'>nobody (or presence is off for this namespace)</li>";
  const pubs = $("publications");
  pubs.replaceChildren(...c.publications.map((p) => {
    const li = document.createElement("li");
    li.textContent = `#${p.offset} ${p.time.slice(11, 19)} ${p.data}`;
    return li;
  }));
}

async function search(q) {
  const result = await api("connections?q=" + encodeURIComponent(q));
  const body = $("found").tBodies[0];
  body.replaceChildren();
  for (const c of result.connections) {
    const row = body.insertRow();
    row.dataset.id = c.id;
    cell(row, c.id);
    cell(row, c.transport);
    cell(row, c.ip);
    cell(row, c.user || "–");
    cell(row, c.path);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "danger small";
    button.textContent = "Disconnect";
    button.addEventListener("click", async () => {
      try {
        await api("disconnect", { id: c.id });
        row.remove();
        log(`disconnected ${c.id}`);
      } catch (e) {
        log(`disconnect ${c.id} failed: ${e.message}`);
      }
    });
    cell(row, "").appendChild(button);
  }
  $("found-count").textContent = `${result.matched} match${result.matched === 1 ? "" : "es"}`
    + (result.matched > result.connections.length ? `, first ${result.connections.length} shown` : "");
}

function log(text) {
  const li = document.createElement("li");
  li.textContent = `${new Date().toTimeString().slice(0, 8)} ${text}`;
  $("console").prepend(li);
}

$("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  logIn($("password").value);
});
$("logout").addEventListener("click", () => showLogin(""));
$("channel-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("channel-name").value.trim();
  if (name) showChannel(name).catch((err) => log(`channel ${name}: ${err.message}`));
});
$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  search($("search").value.trim()).catch((err) => log(`search failed: ${err.message}`));
});
$("publish-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const channel = $("publish-channel").value.trim();
  const text = $("publish-data").value;
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = text; // plain text goes as a JSON string
  }
  try {
    const r = await api("publish", { channel, data });
    log(`published to ${r.channel} at offset ${r.offset}`);
    $("publish-data").value = "";
  } catch (err) {
    log(`publish to ${channel} failed: ${err.message}`);
  }
});
$("drain").addEventListener("click", async () => {
  if (!confirm("Drain this node? It stops taking connections and closes the open ones over the drain period.")) return;
  try {
    const r = await api("drain", {});
    log(`draining ${r.connections} connections over ${r.periodSeconds} s`);
  } catch (err) {
    log(`drain failed: ${err.message}`);
  }
});

if (credentials) {
  $("login").hidden = true;
  logIn(atob(credentials).slice("admin:".length));
} else {
  showLogin("");
}
