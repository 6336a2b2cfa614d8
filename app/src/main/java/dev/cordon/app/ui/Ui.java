package dev.cordon.app.ui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.cordon.doctor.Check;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.function.Function;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small building blocks shared by the pages: icons, buttons, page headers, problem and notice banners. */
public final class Ui {
    public static final double PAGE_PADDING = 24;
    public static final double GAP = 16;

    private Ui() {
    }

    /** Puts {@code text} on the system clipboard (Copy pid, Copy path, …). UI thread. */
    public static void copyToClipboard(String text) {
        javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
        content.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    public static FontIcon icon(Ikon ikon) {
        return new FontIcon(ikon);
    }

    /** A coloured icon for a check status: green check, red cross, grey dash. */
    public static FontIcon statusIcon(Check.Status status) {
        return switch (status) {
            case PASS -> colored(Feather.CHECK_CIRCLE, "-color-success-fg");
            case FAIL -> colored(Feather.X_CIRCLE, "-color-danger-fg");
            case SKIP -> colored(Feather.MINUS_CIRCLE, "-color-fg-muted");
        };
    }

    public static FontIcon colored(Ikon ikon, String lookedUpColor) {
        FontIcon icon = new FontIcon(ikon);
        tint(icon, lookedUpColor);
        return icon;
    }

    /**
     * Colours an icon with a theme colour (e.g. {@code -color-success-fg}), so it follows light and dark themes.
     * Ikonli keeps the icon font in the node's inline style, so this appends to it instead of replacing it.
     */
    public static void tint(FontIcon icon, String lookedUpColor) {
        icon.setStyle(icon.getStyle() + "; -fx-icon-color: " + lookedUpColor + ";");
    }

    /** A button with text and icon; its text may carry a mnemonic ({@code _}). */
    public static Button button(String text, Ikon ikon) {
        Button b = new Button(text, icon(ikon));
        b.setMnemonicParsing(true);
        b.setMinWidth(Region.USE_PREF_SIZE);  // never truncated when a page header gets tight
        return b;
    }

    /**
     * Every page's one word for "fetch it again": Refresh, with what it does and its shortcut (F5) in the tooltip.
     * {@code tooltipKey} names the page's sentence.
     */
    public static Button refreshButton(Messages messages, String tooltipKey) {
        Button b = button(messages.get("action.refresh"), Feather.REFRESH_CW);
        b.setTooltip(tooltip(messages.get("action.refresh.tooltip", messages.get(tooltipKey))));
        return b;
    }

    /** An icon-only button: the description becomes its tooltip and its accessible text. */
    public static Button iconButton(Ikon ikon, String description) {
        Button b = new Button(null, icon(ikon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setAccessibleText(description);
        b.setTooltip(tooltip(description));
        return b;
    }

    /**
     * A read-only text column whose cells show their full text as a tooltip (long paths, command lines) and offer it
     * to copy (right-click, Copy): ids, paths and commands are what people paste elsewhere.
     */
    public static <T> TableColumn<T, String> textColumn(String title, Function<T, String> value, double width) {
        return Columns.text(title, value, width);
    }

    public static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(400));
        t.setWrapText(true);
        t.setMaxWidth(520);
        return t;
    }

    /** Muted, wrapping text: placeholders, notes, a "working…" line. */
    public static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    /** Title and a muted subtitle, the top of every page. */
    public static VBox pageHeader(String title, ObservableStringValue subtitle) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_2);
        Label s = new Label();
        s.textProperty().bind(subtitle);
        s.getStyleClass().add(Styles.TEXT_MUTED);
        s.setWrapText(true);
        s.setId("page-subtitle");
        VBox box = new VBox(4, t, s);
        return box;
    }

    /**
     * A red banner for the property's problem; hidden while it is null; closing it clears the problem. When the
     * problem has somewhere to go ({@link Problem#go()}), its Fix is a button under the text that goes there.
     */
    /** A word (a path, a command line) longer than this is shown by its ends, the middle left out. */
    static final int LONGEST_WORD = 120;
    /** At most this many characters of a banner's text; the rest is in its tooltip. */
    static final int LONGEST_TEXT = 900;

    /**
     * {@code text} as a banner can show it without pushing the page out of the window: each word longer than
     * {@value #LONGEST_WORD} characters (a deep path) as its first and last 50 with "…(N characters)…" between, and at
     * most {@value #LONGEST_TEXT} characters in all.
     */
    public static String bounded(String text) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S{" + (LONGEST_WORD + 1) + ",}").matcher(text);
        int at = 0;
        while (m.find()) {
            String word = m.group();
            out.append(text, at, m.start()).append(word, 0, 50).append("…(").append(word.length())
                    .append(" characters)…").append(word.substring(word.length() - 50));
            at = m.end();
        }
        out.append(text.substring(at));
        return out.length() <= LONGEST_TEXT ? out.toString() : out.substring(0, LONGEST_TEXT - 1) + "…";
    }

    public static Node problemBanner(ObjectProperty<Problem> problem, Messages messages) {
        Message m = new Message(messages.get("problem.title"), "", colored(Feather.ALERT_OCTAGON, "-color-danger-fg"));
        m.getStyleClass().add(Styles.DANGER);
        m.setOnClose(e -> problem.set(null));
        javafx.scene.layout.HBox fixRow = new javafx.scene.layout.HBox(8);
        fixRow.setPadding(new javafx.geometry.Insets(0, 0, 0, 48));
        VBox box = new VBox(4, m, fixRow);
        box.setId("problem-banner");
        // the message wraps in the page's width: its own minimum (the longest line unwrapped) would widen the page
        // past a 1024 px window and push the page's buttons out of it
        m.setMinWidth(0);
        box.setMinWidth(0);
        java.util.function.UnaryOperator<String> fixLine = fix -> messages.get("problem.fix", fix);
        Runnable show = () -> {
            Problem p = problem.get();
            box.setVisible(p != null);
            box.setManaged(p != null);
            if (p != null) {
                String full = p.fix().isEmpty() ? p.message() : p.message() + "\n" + fixLine.apply(p.fix());
                String shown = bounded(full);
                m.setDescription(shown);
                if (m.getProperties().get("full-text") instanceof Tooltip old) {
                    Tooltip.uninstall(m, old);
                    m.getProperties().remove("full-text");
                }
                if (!shown.equals(full)) { // the whole text stays reachable: hover, or the audit log
                    Tooltip whole = tooltip(full);
                    Tooltip.install(m, whole);
                    m.getProperties().put("full-text", whole);
                }
            }
            boolean go = p != null && p.go() != null;
            fixRow.getChildren().setAll(go ? java.util.List.of(FixEvent.button(p.go(), messages)) : java.util.List.of());
            fixRow.setVisible(go);
            fixRow.setManaged(go);
        };
        problem.addListener((obs, old, p) -> show.run());
        show.run();
        return box;
    }

}
