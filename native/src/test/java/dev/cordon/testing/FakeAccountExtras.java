package dev.cordon.testing;

import dev.cordon.platform.AccountExtras;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Windows-like extras in memory (profile, hidden-user value, deny rights per account), every make and remove recorded. */
public final class FakeAccountExtras implements AccountExtras {
    private final Set<String> present = new HashSet<>();
    public final List<String> calls = new ArrayList<>();

    @Override
    public List<Extra> wanted(String account) {
        return List.of(
                new Extra(Kind.PROFILE, "profile:" + account, account, account, Map.of(), "profile of " + account),
                new Extra(Kind.REGISTRY_VALUE, "hidden-user:" + account, "UserList\\" + account, account, Map.of(),
                        "hidden " + account),
                new Extra(Kind.LSA_RIGHTS, "deny-rights:" + account, account, account, Map.of(), "rights of " + account));
    }

    @Override
    public boolean present(Extra extra) {
        return present.contains(extra.step());
    }

    @Override
    public Extra make(Extra extra) {
        calls.add("make " + extra.step());
        present.add(extra.step());
        return extra.withFacts(Map.of("sid", "S-1-5-21-7-" + Math.abs(extra.account().hashCode())));
    }

    @Override
    public void remove(Extra extra) {
        calls.add("remove " + extra.step() + " " + extra.facts().get("sid"));
        present.remove(extra.step());
    }

    /** Someone removed it behind Cordon's back. */
    public void lose(String step) {
        present.remove(step);
    }
}
