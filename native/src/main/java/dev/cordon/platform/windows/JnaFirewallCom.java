package dev.cordon.platform.windows;

import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.platform.win32.COM.COMException;
import com.sun.jna.platform.win32.COM.COMLateBindingObject;
import com.sun.jna.platform.win32.COM.COMUtils;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.COM.EnumVariant;
import com.sun.jna.platform.win32.COM.IDispatch;
import com.sun.jna.platform.win32.COM.Unknown;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.OaIdl;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.OleAuto;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * {@link FirewallCom} over JNA: each session on a fresh thread in a single-threaded apartment
 * ({@code CoInitializeEx(COINIT_APARTMENTTHREADED)}, as Codex does), objects from {@code CoCreateInstance} with
 * {@code CLSCTX_INPROC_SERVER}, properties and methods through IDispatch by name, except
 * {@code LocalUserAuthorizedList} and {@code LocalPolicyModifyState}, which go through the interface's vtable slots
 * ({@link NetFwVtable} says why). Every object is released when its session ends. Not run on Windows yet.
 */
final class JnaFirewallCom implements FirewallCom {
    private static final int CLSCTX_INPROC_SERVER = 1;
    private static final int RPC_E_CHANGED_MODE = 0x80010106;
    private static final int BATCH = 64;

    @Override
    public <T> T session(Function<Session, T> work) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cordon-firewall-com");
            t.setDaemon(true);
            return t;
        });
        try {
            return thread.submit(() -> {
                WinNT.HRESULT init = Ole32.INSTANCE.CoInitializeEx(Pointer.NULL, Ole32.COINIT_APARTMENTTHREADED);
                boolean initialised = COMUtils.SUCCEEDED(init); // S_OK or S_FALSE: each needs its CoUninitialize
                if (!initialised && init.intValue() != RPC_E_CHANGED_MODE) {
                    throw new ComFailure(init.intValue(), "CoInitializeEx");
                }
                JnaSession session = new JnaSession();
                try {
                    return work.apply(session);
                } finally {
                    session.releaseAll();
                    if (initialised) {
                        Ole32.INSTANCE.CoUninitialize();
                    }
                }
            }).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the firewall's COM thread", e);
        } finally {
            thread.shutdown();
        }
    }

    /**
     * For the Windows test that settles the open question (docs/architecture.md, "Windows Firewall"): each rule of
     * {@code group} as {name, LocalUserAuthorizedList through the INetFwRule3 vtable, the same through IDispatch by name
     * or the HRESULT that refused it}.
     */
    List<List<String>> scopeByBothRoutes(String group) {
        return session(s -> {
            JnaSession js = (JnaSession) s;
            List<List<String>> out = new ArrayList<>();
            for (Ref r : js.items((Ref) js.get(js.policy(), "Rules"))) {
                if (!group.equals(js.get(r, "Grouping"))) {
                    continue;
                }
                String byName;
                try {
                    byName = String.valueOf(js.value(js.invoke((Obj) r, OleAuto.DISPATCH_PROPERTYGET,
                            "LocalUserAuthorizedList", new Object[0]), "get Rule.LocalUserAuthorizedList"));
                } catch (ComFailure f) {
                    byName = "HRESULT " + ComFailure.hex(f.hresult());
                }
                out.add(List.of(String.valueOf(js.get(r, "Name")), String.valueOf(js.get(r, "LocalUserAuthorizedList")), byName));
            }
            return out;
        });
    }

    /** A COM object of a session: its IDispatch. */
    private record Obj(Dispatch dispatch, String what) implements Ref {
    }

    /** IDispatch by name, through jna-platform's late binding (DISPPARAMS, DISPID_PROPERTYPUT). */
    private static final class Late extends COMLateBindingObject {
        Late(IDispatch d) {
            super(d);
        }

        Variant.VARIANT.ByReference byName(int type, String name, Variant.VARIANT[] args) {
            Variant.VARIANT.ByReference result = new Variant.VARIANT.ByReference();
            oleMethod(type, result, name, args);
            return result;
        }

        Variant.VARIANT.ByReference byId(int type, int dispid, Variant.VARIANT[] args) {
            Variant.VARIANT.ByReference result = new Variant.VARIANT.ByReference();
            oleMethod(type, result, new OaIdl.DISPID(dispid), args);
            return result;
        }
    }

    /** An interface pointer called by vtable slot ({@code this} is passed first, as COM requires). */
    private static final class Vtable extends Unknown {
        Vtable(Pointer p) {
            super(p);
        }

        int call(int slot, Object... args) {
            Object[] all = new Object[args.length + 1];
            all[0] = getPointer();
            System.arraycopy(args, 0, all, 1, args.length);
            return _invokeNativeInt(slot, all);
        }
    }

    private static final class JnaSession implements Session {
        private final List<Unknown> owned = new ArrayList<>();

        void releaseAll() {
            for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).Release();
            }
            owned.clear();
        }

        private Obj own(Pointer p, String what) {
            Dispatch d = new Dispatch(p);
            owned.add(d);
            return new Obj(d, what);
        }

        private Obj create(String clsid, String what) {
            PointerByReference p = new PointerByReference();
            WinNT.HRESULT hr = Ole32.INSTANCE.CoCreateInstance(new Guid.CLSID(clsid), null, CLSCTX_INPROC_SERVER,
                    IDispatch.IID_IDISPATCH, p);
            check(hr, "CoCreateInstance(" + what + ")");
            return own(p.getValue(), what);
        }

        @Override
        public Ref policy() {
            return create(NetFwVtable.CLSID_NET_FW_POLICY2, "HNetCfg.FwPolicy2");
        }

        @Override
        public Ref newRule() {
            return create(NetFwVtable.CLSID_NET_FW_RULE, "HNetCfg.FWRule");
        }

        @Override
        public Object get(Ref object, String property, Object... args) {
            Obj o = (Obj) object;
            if (property.equals("LocalUserAuthorizedList")) {
                return withInterface(o, NetFwVtable.IID_INET_FW_RULE3, "INetFwRule3", v -> {
                    PointerByReference out = new PointerByReference();
                    check(v.call(NetFwVtable.RULE3_GET_LOCAL_USER_AUTHORIZED_LIST, out), "get " + o.what() + "." + property);
                    if (out.getValue() == null) {
                        return null;
                    }
                    WTypes.BSTR b = new WTypes.BSTR(out.getValue());
                    try {
                        return b.getValue();
                    } finally {
                        OleAuto.INSTANCE.SysFreeString(b);
                    }
                });
            }
            return value(invoke(o, OleAuto.DISPATCH_PROPERTYGET, property, args), "get " + o.what() + "." + property);
        }

        @Override
        public void put(Ref object, String property, Object value) {
            Obj o = (Obj) object;
            if (property.equals("LocalUserAuthorizedList")) {
                withInterface(o, NetFwVtable.IID_INET_FW_RULE3, "INetFwRule3", v -> {
                    WTypes.BSTR b = OleAuto.INSTANCE.SysAllocString((String) value);
                    try {
                        check(v.call(NetFwVtable.RULE3_PUT_LOCAL_USER_AUTHORIZED_LIST, b), "put " + o.what() + "." + property);
                    } finally {
                        OleAuto.INSTANCE.SysFreeString(b);
                    }
                    return null;
                });
                return;
            }
            invoke(o, OleAuto.DISPATCH_PROPERTYPUT, property, new Object[] {value});
        }

        @Override
        public Object call(Ref object, String method, Object... args) {
            Obj o = (Obj) object;
            return value(invoke(o, OleAuto.DISPATCH_METHOD, method, args), o.what() + "." + method);
        }

        @Override
        public List<Ref> items(Ref collection) {
            Obj o = (Obj) collection;
            Variant.VARIANT.ByReference en;
            try {
                en = new Late(o.dispatch()).byId(OleAuto.DISPATCH_PROPERTYGET, NetFwVtable.DISPID_NEWENUM, null);
            } catch (COMException e) {
                throw failure(e, "get " + o.what() + "._NewEnum");
            }
            Object v = en.getValue();
            Pointer unk = v instanceof PointerType pt ? pt.getPointer() : null;
            if (unk == null) {
                throw new ComFailure(0x80004003, "get " + o.what() + "._NewEnum (no enumerator)"); // E_POINTER
            }
            Unknown u = new Unknown(unk);
            owned.add(u);
            PointerByReference pe = new PointerByReference();
            check(u.QueryInterface(EnumVariant.REFIID, pe), "QueryInterface(IEnumVARIANT)");
            EnumVariant ev = new EnumVariant(pe.getValue());
            owned.add(ev);
            List<Ref> out = new ArrayList<>();
            for (Variant.VARIANT[] batch = ev.Next(BATCH); batch.length > 0; batch = ev.Next(BATCH)) {
                for (Variant.VARIANT item : batch) {
                    Object d = item.getValue();
                    if (d instanceof PointerType pt && pt.getPointer() != null) {
                        out.add(own(pt.getPointer(), "Rule")); // the VARIANT's reference becomes ours to release
                    }
                }
            }
            return out;
        }

        @Override
        public ModifyState localPolicyModifyState(Ref policy) {
            Obj o = (Obj) policy;
            return withInterface(o, NetFwVtable.IID_INET_FW_POLICY2, "INetFwPolicy2", v -> {
                IntByReference state = new IntByReference();
                int hr = v.call(NetFwVtable.POLICY2_GET_LOCAL_POLICY_MODIFY_STATE, state);
                check(hr, "get " + o.what() + ".LocalPolicyModifyState");
                return new ModifyState(hr, state.getValue());
            });
        }

        private <T> T withInterface(Obj o, String iid, String name, Function<Vtable, T> use) {
            PointerByReference p = new PointerByReference();
            check(o.dispatch().QueryInterface(new Guid.REFIID(new Guid.IID(iid)), p), "QueryInterface(" + name + ")");
            Vtable v = new Vtable(p.getValue());
            try {
                return use.apply(v);
            } finally {
                v.Release();
            }
        }

        private Variant.VARIANT.ByReference invoke(Obj o, int type, String name, Object[] args) {
            Variant.VARIANT[] vargs = new Variant.VARIANT[args.length];
            for (int i = 0; i < args.length; i++) {
                vargs[i] = variant(args[i]);
            }
            String call = (type == OleAuto.DISPATCH_PROPERTYPUT ? "put " : type == OleAuto.DISPATCH_PROPERTYGET ? "get " : "")
                    + o.what() + "." + name;
            try {
                return new Late(o.dispatch()).byName(type, name, vargs.length == 0 ? null : vargs);
            } catch (COMException e) {
                throw failure(e, call);
            } finally {
                for (Variant.VARIANT v : vargs) {
                    if (v.getVarType().intValue() == Variant.VT_BSTR) { // ours to free; an object argument is not
                        OleAuto.INSTANCE.VariantClear(v);
                    }
                }
            }
        }

        private static Variant.VARIANT variant(Object v) {
            if (v instanceof String s) {
                return new Variant.VARIANT(s);
            }
            if (v instanceof Integer i) {
                return new Variant.VARIANT(i.intValue());
            }
            if (v instanceof Boolean b) {
                return new Variant.VARIANT(b.booleanValue());
            }
            if (v instanceof Obj o) {
                return new Variant.VARIANT(o.dispatch());
            }
            throw new IllegalArgumentException("no VARIANT for " + v);
        }

        private Object value(Variant.VARIANT v, String call) {
            int vt = v.getVarType().intValue();
            switch (vt) {
                case Variant.VT_EMPTY, Variant.VT_NULL:
                    return null;
                case Variant.VT_BSTR: {
                    String text = v.stringValue();
                    OleAuto.INSTANCE.VariantClear(v); // the callee's BSTR is ours to free
                    return text;
                }
                case Variant.VT_I2, Variant.VT_I4, Variant.VT_INT:
                    return v.intValue();
                case Variant.VT_BOOL:
                    return v.booleanValue();
                case Variant.VT_DISPATCH, Variant.VT_UNKNOWN: {
                    Object d = v.getValue();
                    String label = call.startsWith("get ") ? call.substring(4) : call;
                    return d instanceof PointerType pt && pt.getPointer() != null ? own(pt.getPointer(), label) : null;
                }
                default:
                    return v.getValue();
            }
        }

        private static void check(WinNT.HRESULT hr, String call) {
            check(hr.intValue(), call);
        }

        private static void check(int hr, String call) {
            if (COMUtils.FAILED(hr)) {
                throw new ComFailure(hr, call);
            }
        }

        private static ComFailure failure(COMException e, String call) {
            WinNT.HRESULT hr = e.getHresult();
            ComFailure f = new ComFailure(hr == null ? 0x80004005 : hr.intValue(), call); // E_FAIL when JNA gave none
            f.initCause(e);
            return f;
        }
    }
}
