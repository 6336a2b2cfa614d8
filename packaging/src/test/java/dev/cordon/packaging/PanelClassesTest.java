package dev.cordon.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class list the packaged runtime's archive is made from ({@link RuntimeImage#archivePanelClasses}): JavaFX's
 * classes are in it, and nothing of the class path, which an archive made at package time cannot name.
 */
class PanelClassesTest {
    @Test
    void namesTheRuntimesJavaFxClassesAndNothingOfTheClassPath() throws IOException {
        List<String> entries;
        try (InputStream in = RuntimeImage.class.getResourceAsStream(RuntimeImage.PANEL_CLASSES)) {
            assertThat(in).as(RuntimeImage.PANEL_CLASSES).isNotNull();
            entries = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
        assertThat(entries).contains("javafx/scene/control/ListView", "com/sun/javafx/tk/quantum/QuantumToolkit",
                "java/lang/Object");
        for (String classPath : List.of("dev/", "atlantafx/", "org/kordamp/", "com/fasterxml/", "com/sun/jna/", "ch/qos/",
                "org/slf4j/", "picocli/")) {
            assertThat(entries).as(classPath).noneMatch(l -> l.startsWith(classPath) || l.contains(" " + classPath));
        }
    }
}
