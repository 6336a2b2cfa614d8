package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.lang.reflect.Proxy;

/**
 * A part of the Windows backend that this build does not have yet, standing in for its seam interface: every call
 * refuses with {@link ExitCode#UNAVAILABLE} and one sentence naming the part and the issue that brings it. Never an
 * answer that could pass for a real one (no empty list, no "absent").
 */
final class NotInThisBuild {
    private NotInThisBuild() {
    }

    /**
     * @param seam  the seam interface to stand in for
     * @param what  the part, as a noun phrase: "Windows session process containers (job objects)"
     * @param comes where it comes from: "the sessions issue"
     */
    static <T> T part(Class<T> seam, String what, String comes) {
        return seam.cast(Proxy.newProxyInstance(NotInThisBuild.class.getClassLoader(), new Class<?>[]{seam},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> method.getParameterCount() == 0 ? "not in this build: " + what : refuse(what, comes);
                    case "hashCode" -> method.getParameterCount() == 0 ? System.identityHashCode(proxy) : refuse(what, comes);
                    case "equals" -> method.getParameterCount() == 1 ? proxy == args[0] : refuse(what, comes);
                    default -> refuse(what, comes);
                }));
    }

    private static Object refuse(String what, String comes) {
        throw unavailable(what, comes);
    }

    /** The one sentence every missing part refuses with. */
    static CordonException unavailable(String what, String comes) {
        return new CordonException(ExitCode.UNAVAILABLE, what + " is not part of this build yet (" + comes + ").",
                "Use Cordon on Linux for this until it lands; docs/architecture.md lists what runs on Windows.");
    }
}
