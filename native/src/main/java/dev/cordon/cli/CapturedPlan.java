package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A plan shown earlier ({@code cordon leftovers clean --dry-run --json > FILE}) held against the leftovers found now:
 * each planned action applies to the current leftover with the same id (same kind, path and inode, or pid and start
 * time: the object that was shown), with the action that was shown; a planned item that is gone or changed is only
 * reported, and a leftover that is not in the plan is left alone.
 *
 * @param actions   what is carried out: the shown actions on the items as they are now
 * @param changed   planned items with no current leftover of their id: {@code id → what the plan showed}
 * @param unplanned current leftovers the plan did not show: untouched
 */
record CapturedPlan(List<PlannedAction> actions, Map<String, String> changed, List<Leftover> unplanned) {
    static CapturedPlan read(Path file, String instance, List<Leftover> current) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw CordonException.usage("Cannot read the plan " + file + ": " + e.getMessage() + ".",
                    "Make one with `cordon leftovers clean --dry-run --json > " + file + "`.");
        }
        if (doc == null || !"cordon.profiles.clean/1".equals(doc.path("schema").asText())
                || !doc.path("actions").isArray()) {
            throw CordonException.usage(file + " is not a plan of `cordon leftovers clean --dry-run --json`.",
                    "Make one with `cordon leftovers clean --dry-run --json > " + file + "`.");
        }
        if (!instance.equals(doc.path("instance").asText())) {
            throw CordonException.usage(file + " is a plan for instance '" + doc.path("instance").asText()
                    + "', not '" + instance + "'.", "Make a plan for this instance with --dry-run --json.");
        }
        Map<String, Leftover> byId = current.stream().collect(Collectors.toMap(Leftover::id, Function.identity(),
                (a, b) -> a, LinkedHashMap::new));
        List<PlannedAction> actions = new ArrayList<>();
        Map<String, String> changed = new LinkedHashMap<>();
        for (JsonNode a : doc.path("actions")) {
            String id = a.path("item").path("id").asText();
            PlannedAction.Action action = action(file, a.path("action").asText());
            Leftover now = byId.get(id);
            if (now == null) {
                JsonNode item = a.path("item");
                changed.put(id, item.hasNonNull("what") ? item.path("what").asText()
                        : item.hasNonNull("path") ? item.path("path").asText()
                        : "pid " + item.path("pid").asText() + " (" + item.path("command").asText() + ")");
                continue;
            }
            actions.add(action.fits(now) ? new PlannedAction(now, action, a.path("reason").asText(null))
                    : new PlannedAction(now, PlannedAction.Action.SKIP, "the plan's action '" + action.label()
                    + "' does not fit a " + now.kind().label()));
        }
        Set<String> planned = actions.stream().map(p -> p.item().id()).collect(Collectors.toSet());
        List<Leftover> unplanned = current.stream().filter(l -> !planned.contains(l.id())).toList();
        return new CapturedPlan(actions, changed, unplanned);
    }

    private static PlannedAction.Action action(Path file, String label) {
        for (PlannedAction.Action a : PlannedAction.Action.values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw CordonException.usage(file + " has an action '" + label + "'; a plan has quarantine, kill, remove or skip.",
                "Make a new plan with `cordon leftovers clean --dry-run --json`.");
    }
}
