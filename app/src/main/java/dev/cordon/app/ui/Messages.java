package dev.cordon.app.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** Every user-visible text of the panel, from {@code dev/cordon/app/messages.properties}. */
public final class Messages {
    private final ResourceBundle bundle;

    private Messages(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    public static Messages load() {
        return load(Locale.getDefault());
    }

    public static Messages load(Locale locale) {
        return new Messages(ResourceBundle.getBundle("dev.cordon.app.messages", locale));
    }

    /** The text for {@code key}; with arguments it is a {@link MessageFormat} pattern. A missing key throws. */
    public String get(String key, Object... args) {
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
    }

    public ResourceBundle bundle() {
        return bundle;
    }
}
