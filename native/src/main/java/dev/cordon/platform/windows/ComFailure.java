package dev.cordon.platform.windows;

/** A COM call that returned a failing HRESULT: {@code call} names it ({@code put Rule.RemotePorts}). */
final class ComFailure extends RuntimeException {
    private final int hresult;
    private final String call;

    ComFailure(int hresult, String call) {
        super(call + " failed: HRESULT " + hex(hresult));
        this.hresult = hresult;
        this.call = call;
    }

    int hresult() {
        return hresult;
    }

    String call() {
        return call;
    }

    static String hex(int hresult) {
        return String.format("0x%08X", hresult);
    }
}
