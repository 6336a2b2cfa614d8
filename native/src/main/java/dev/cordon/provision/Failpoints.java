package dev.cordon.provision;

/**
 * Test hook that stops a provisioning run dead at a named point, as a kill would: no cleanup runs afterwards.
 * Points are {@code <step>:after-intent}, {@code <step>:after-apply} and {@code <step>:after-done}; production code
 * uses {@link #NONE}.
 */
@FunctionalInterface
public interface Failpoints {
    Failpoints NONE = point -> { };

    void reach(String point);

    static Failpoints at(String target) {
        return point -> {
            if (point.equals(target)) {
                throw new InjectedFailure(point);
            }
        };
    }

    final class InjectedFailure extends RuntimeException {
        public InjectedFailure(String point) {
            super("injected failure at " + point);
        }
    }
}
