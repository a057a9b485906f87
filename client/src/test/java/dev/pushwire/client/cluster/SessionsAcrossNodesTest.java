package dev.pushwire.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.HubClient;
import dev.pushwire.client.HubClientOptions;
import dev.pushwire.client.PushwireClient;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Message;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.server.HttpTransportOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No sticky sessions: three nodes share a cluster bus behind a real nginx that sends every request (poll, stream,
 * POST) to the next node in turn. Whatever node each request lands on, a client sees what it sees on one node; when
 * the node that holds its session crashes, it is told so (4010) and a hub client resumes by offset.
 * A subclass chooses the bus.
 */
public abstract class SessionsAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpTransportOptions HTTP = HttpTransportOptions.builder()
            .longPollHold(Duration.ofSeconds(2)).sseHeartbeat(Duration.ofSeconds(2)).build();

    private NodeCluster cluster;
    private Hub hub;
    /** The index of the node each {@code /echo} session was opened on. */
    private final List<Integer> echoNodes = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    /** Node {@code i}'s bus (not started). */
    protected abstract NodeBus newBus(int i);

    /** Takes {@code bus} off the cluster as a crash would. */
    protected abstract void crashBus(NodeBus bus);

    @BeforeEach
    void startCluster() {
        // one hub behind every node: in-process, it stands for what a shared broker gives real nodes
        hub = Hub.create(HubOptions.builder()
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).historySize(1000).build())
                .build());
        cluster = new NodeCluster(3, this::newBus, this::crashBus, HTTP, (i, server) -> {
            server.endpoint("/echo", conn -> {
                echoNodes.add(i);
                conn.onMessage(m -> conn.send(m, null));
            });
            server.hub("/hub", hub);
        });
    }

    @AfterEach
    void stopCluster() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        cluster.close();
        hub.close();
    }

    private PushwireClient client(String transport) {
        PushwireClient c = PushwireClient.connect(URI.create(cluster.url("/echo")),
                ClientOptions.builder().transports(transport).build());
        clients.add(c::close);
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void echoesEveryMessageOnceAndInOrderWhicheverNodeEachRequestLandsOn(String transport) {
        PushwireClient client = client(transport);
        List<String> received = new CopyOnWriteArrayList<>();
        List<CloseEvent> closes = new CopyOnWriteArrayList<>();
        client.onMessage(m -> received.add(m.text())).onClose(closes::add);
        client.awaitOpen(Duration.ofSeconds(30));
        assertThat(client.transport()).isEqualTo(transport);
        int n = 300;
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = "message " + i;
            sent.add(text);
            client.send(text);
            if (i % 50 == 49) {  // let some answers come back while later messages are still being sent
                int k = i + 1;
                await().atMost(WAIT).until(() -> received.size() >= k - 25);
            }
        }
        await().atMost(WAIT).until(() -> received.size() >= n || !closes.isEmpty());
        assertThat(closes).as(cluster.nginxLog()).isEmpty();
        assertThat(received).as("every echo, in order, none lost, none twice").containsExactlyElementsOf(sent);
        assertThat(echoNodes).as("one session, on one node").hasSize(1);
        assertThat(cluster.count("pushwire.sessions.forwarded")).as("requests forwarded to the session's node")
                .isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void aClientWhoseNodeCrashedIsToldToOpenANewSession(String transport) throws Exception {
        PushwireClient client = client(transport);
        List<Message> received = new CopyOnWriteArrayList<>();
        CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
        client.onMessage(received::add).onClose(closed::complete);
        client.awaitOpen(Duration.ofSeconds(30));
        client.send("before");
        await().atMost(WAIT).until(() -> received.size() == 1);
        cluster.crash(echoNodes.get(0));
        CloseEvent close = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(close.code()).as(close.reason()).isEqualTo(CloseCode.SESSION_NODE_GONE.code());
        assertThat(CloseCode.of(close.code()).shouldReconnect()).isTrue();
        assertThat(cluster.count("pushwire.sessions.node.gone")).isGreaterThanOrEqualTo(1);
        PushwireClient again = client(transport);
        List<Message> receivedAgain = new CopyOnWriteArrayList<>();
        again.onMessage(receivedAgain::add).awaitOpen(Duration.ofSeconds(30));
        again.send("after");
        await().atMost(WAIT).until(() -> receivedAgain.size() == 1);
        assertThat(receivedAgain.get(0).text()).isEqualTo("after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling"})
    void aHubSubscriberGetsEveryPublicationAndResumesByOffsetWhenItsNodeCrashes(String transport) throws Exception {
        HubClient client = HubClient.connect(URI.create(cluster.url("/hub")), HubClientOptions.builder()
                .clientOptions(ClientOptions.builder().transports(transport).build())
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(300)).build());
        clients.add(client);
        List<Long> offsets = new CopyOnWriteArrayList<>();
        client.channel("news").subscribe((Publication p) -> offsets.add(p.offset())).get(30, TimeUnit.SECONDS);
        int sessionsBefore = hub.connectionCount();
        for (int i = 1; i <= 100; i++) {
            hub.publish("news", "{\"i\":" + i + "}").join();
        }
        await().atMost(WAIT).until(() -> offsets.size() >= 100);
        int owner = ownerOfTheHubSession();
        cluster.crash(owner);
        for (int i = 101; i <= 200; i++) {
            hub.publish("news", "{\"i\":" + i + "}").join();
        }
        await().atMost(WAIT).until(() -> offsets.size() >= 200);
        assertThat(offsets).as("1..200 in order: nothing lost, nothing twice")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().collect(Collectors.toList()));
        assertThat(sessionsBefore).isEqualTo(1);
    }

    /** The node whose sessions the hub's one connection belongs to (its id starts with the node's id). */
    private int ownerOfTheHubSession() {
        for (int i = 0; i < cluster.servers.size(); i++) {
            if (!cluster.servers.get(i).connections().isEmpty()) {
                return i;
            }
        }
        throw new AssertionError("no node holds the hub client's session");
    }
}
