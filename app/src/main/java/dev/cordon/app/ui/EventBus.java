package dev.cordon.app.ui;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Tells pages what other pages learned (a fresh doctor report, a change to the system). Synchronous. */
public final class EventBus {
    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    public <E> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(e -> subscriber.accept(type.cast(e)));
    }

    public void publish(Object event) {
        subscribers.getOrDefault(event.getClass(), List.of()).forEach(s -> s.accept(event));
    }
}
