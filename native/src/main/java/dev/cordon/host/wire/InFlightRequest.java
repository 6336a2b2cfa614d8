package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.platform.PeerIdentity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** A request between its call frame and its result or error frame: the {@link RequestContext} handlers get. */
final class InFlightRequest implements RequestContext {
    private static final System.Logger LOG = System.getLogger(HostServer.class.getName());

    private final Connection connection;
    private final long id;
    private final String method;
    private final ObjectNode params;
    private final PeerIdentity peer;
    private final RequestInput input;
    private final List<Runnable> cancelActions = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile boolean deferred;
    /** Set under the connection's writer lock, together with the write of the terminal frame. */
    private boolean completed;

    InFlightRequest(Connection connection, ClientMessage.Call call, PeerIdentity peer, int inputLimitBytes) {
        this.connection = connection;
        this.id = call.id();
        this.method = call.method();
        this.params = call.params();
        this.peer = peer;
        this.input = new RequestInput(inputLimitBytes);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public ObjectNode params() {
        return params;
    }

    @Override
    public PeerIdentity peer() {
        return peer;
    }

    @Override
    public void emit(String event, JsonNode data) {
        connection.emit(this, event, data);
    }

    @Override
    public InputStream input() {
        return input;
    }

    RequestInput requestInput() {
        return input;
    }

    @Override
    public void onFirstInput(Runnable action) {
        input.onFirstInput(action);
    }

    @Override
    public Completion finishLater() {
        deferred = true;
        return new Completion() {
            @Override
            public void result(JsonNode result) {
                connection.complete(InFlightRequest.this, result, null);
            }

            @Override
            public void fail(Throwable failure) {
                connection.complete(InFlightRequest.this, null, failure);
            }
        };
    }

    boolean deferred() {
        return deferred;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                cancelActions.add(action);
                return;
            }
        }
        run(action);
    }

    /** Marks the request cancelled, ends its input and runs the cancel actions, once. */
    void cancel() {
        List<Runnable> actions;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            actions = List.copyOf(cancelActions);
            cancelActions.clear();
        }
        input.close();
        actions.forEach(this::run);
    }

    boolean completed() {
        return completed;
    }

    void markCompleted() {
        completed = true;
    }

    private void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // one failing action must not keep the others (e.g. killing the command tree) from running
            LOG.log(System.Logger.Level.WARNING, "A cancel action of request " + id + " (" + method + ") failed", e);
        }
    }
}
