package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.util.Map;

/**
 * The HRESULTs the firewall's COM calls return, each as a sentence and a fix ({@code 0x80070005} is "run elevated",
 * {@code 0x800706D9} is "the firewall service is stopped"), instead of a bare number. Other Win32-facility codes
 * ({@code 0x8007xxxx}) are explained by {@link Win32Errors}.
 */
final class FirewallErrors {
    static final int E_ACCESSDENIED = 0x80070005;
    static final int E_INVALIDARG = 0x80070057;
    static final int E_NOINTERFACE = 0x80004002;
    static final int REGDB_E_CLASSNOTREG = 0x80040154;
    static final int DISP_E_UNKNOWNNAME = 0x80020006;
    /** HRESULT_FROM_WIN32(EPT_S_NOT_REGISTERED 1753): what every call returns while mpssvc is stopped. */
    static final int EPT_S_NOT_REGISTERED = 0x800706D9;
    /** HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE 1722). */
    static final int RPC_S_SERVER_UNAVAILABLE = 0x800706BA;
    /** HRESULT_FROM_WIN32(ERROR_SERVICE_DISABLED 1058). */
    static final int SERVICE_DISABLED = 0x80070422;
    /** HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): {@code Rules.Item} of a name no rule has. */
    static final int NOT_FOUND = 0x80070002;

    private static final String SERVICE_FIX = "Start the Windows Defender Firewall service: `sc.exe config mpssvc start= auto` "
            + "then `sc.exe start mpssvc` (elevated), then run `cordon setup`.";

    private static final Map<Integer, Win32Errors.Explanation> KNOWN = Map.ofEntries(
            e(E_ACCESSDENIED, "E_ACCESSDENIED", "Windows denied access to the firewall policy: changing firewall rules "
                    + "needs an elevated administrator.", "Run Cordon from an elevated prompt (Run as administrator)."),
            e(EPT_S_NOT_REGISTERED, "EPT_S_NOT_REGISTERED", "The Windows Defender Firewall service (mpssvc) is not "
                    + "running, so no firewall rule can be read or enforced.", SERVICE_FIX),
            e(RPC_S_SERVER_UNAVAILABLE, "RPC_S_SERVER_UNAVAILABLE", "The Windows Defender Firewall service (mpssvc) "
                    + "cannot be reached, so no firewall rule can be read or enforced.", SERVICE_FIX),
            e(SERVICE_DISABLED, "ERROR_SERVICE_DISABLED", "The Windows Defender Firewall service (mpssvc) is disabled, "
                    + "so no firewall rule is enforced.", SERVICE_FIX + " If Group Policy disabled it, ask its administrator."),
            e(E_INVALIDARG, "E_INVALIDARG", "Windows refused a firewall rule property Cordon wrote as invalid.",
                    "Report this with the output of `cordon doctor --json`: this Windows version does not accept a value Cordon writes."),
            e(E_NOINTERFACE, "E_NOINTERFACE", "This Windows has no per-user firewall rules (INetFwRule3 needs Windows 8 "
                    + "or Server 2012 and later).", "Use Windows 10 1809 / Windows Server 2019 or later."),
            e(REGDB_E_CLASSNOTREG, "REGDB_E_CLASSNOTREG", "The Windows Firewall COM classes (HNetCfg.FwPolicy2, "
                    + "HNetCfg.FWRule) are not registered on this machine.",
                    "Repair Windows (`sfc /scannow`, then `DISM /Online /Cleanup-Image /RestoreHealth`) and run `cordon setup`."),
            e(DISP_E_UNKNOWNNAME, "DISP_E_UNKNOWNNAME", "The Windows Firewall COM object does not know a property "
                    + "Cordon uses (an older or modified Windows).", "Use Windows 10 1809 / Windows Server 2019 or later."));

    private FirewallErrors() {
    }

    private static Map.Entry<Integer, Win32Errors.Explanation> e(int hr, String name, String sentence, String fix) {
        return Map.entry(hr, new Win32Errors.Explanation(hr, name, sentence, fix));
    }

    /** True for the HRESULTs that mean the firewall service is stopped, disabled or unreachable. */
    static boolean serviceDown(int hresult) {
        return hresult == EPT_S_NOT_REGISTERED || hresult == RPC_S_SERVER_UNAVAILABLE || hresult == SERVICE_DISABLED;
    }

    /** What {@code hresult} means for the firewall, and the next step. */
    static Win32Errors.Explanation explain(int hresult) {
        Win32Errors.Explanation known = KNOWN.get(hresult);
        if (known != null) {
            return known;
        }
        if ((hresult & 0xFFFF0000) == 0x80070000) { // FACILITY_WIN32: the low word is the Win32 error
            Win32Errors.Explanation w = Win32Errors.explain(hresult & 0xFFFF);
            return new Win32Errors.Explanation(hresult, w.name(), w.sentence(), w.fix());
        }
        return new Win32Errors.Explanation(hresult, "unknown", "A Windows Firewall call failed.",
                "Run `cordon doctor` and include its support bundle when you report this.");
    }

    /** The failure as an error a person can act on: the sentence, the call and the HRESULT, and the fix. */
    static CordonException toException(String doing, ComFailure failure) {
        Win32Errors.Explanation x = explain(failure.hresult());
        ExitCode code = failure.hresult() == E_ACCESSDENIED ? ExitCode.NEEDS_ROOT
                : serviceDown(failure.hresult()) ? ExitCode.UNAVAILABLE : ExitCode.INTERNAL;
        return new CordonException(code, doing + ": " + x.sentence() + " (" + failure.call() + ": HRESULT "
                + ComFailure.hex(failure.hresult()) + (x.name().equals("unknown") ? "" : ", " + x.name()) + ")",
                x.fix(), failure);
    }
}
