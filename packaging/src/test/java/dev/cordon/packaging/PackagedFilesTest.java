package dev.cordon.packaging;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the packages carry from resources/, parsed and checked against what the packager installs. */
class PackagedFilesTest {
    static final Path RESOURCES = Path.of(System.getProperty("cordon.resources", "../resources"));
    static final String PANEL_LAUNCHER = DebPackage.INSTALL_DIR.resolve("bin").resolve(AppImage.PANEL).toString();

    static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new DefaultHandler());
        return b.parse(file.toFile());
    }

    static Document xml(byte[] content) throws Exception {
        DocumentBuilder b = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        b.setErrorHandler(new DefaultHandler());
        return b.parse(new ByteArrayInputStream(content));
    }

    @Test
    void polkitActionLetsPkexecRunTheInstalledPanelWithItsDisplayAfterAdminAuthentication() throws Exception {
        Document policy = xml(RESOURCES.resolve("linux/" + DebPackage.POLICY));
        NodeList actions = policy.getElementsByTagName("action");
        assertThat(actions.getLength()).isEqualTo(1);
        Element action = (Element) actions.item(0);
        assertThat(action.getAttribute("id")).isEqualTo("dev.cordon.panel");
        Map<String, String> annotations = new LinkedHashMap<>();
        NodeList as = action.getElementsByTagName("annotate");
        for (int i = 0; i < as.getLength(); i++) {
            Element a = (Element) as.item(i);
            annotations.put(a.getAttribute("key"), a.getTextContent().strip());
        }
        assertThat(annotations).containsExactly(Map.entry("org.freedesktop.policykit.exec.path", PANEL_LAUNCHER),
                Map.entry("org.freedesktop.policykit.exec.allow_gui", "true"));
        Element defaults = (Element) action.getElementsByTagName("defaults").item(0);
        assertThat(text(defaults, "allow_active")).isEqualTo("auth_admin_keep");
        assertThat(text(defaults, "allow_inactive")).isEqualTo("auth_admin");
        assertThat(text(defaults, "allow_any")).isEqualTo("auth_admin");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    @Test
    void desktopEntryOpensTheInstalledPanelUnderSystemAndSecurity() throws IOException {
        List<String> lines = Files.readAllLines(RESOURCES.resolve("linux/" + DebPackage.DESKTOP));
        assertThat(lines.get(0)).isEqualTo("[Desktop Entry]");
        Map<String, String> entry = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            assertThat(eq).as(line).isPositive();
            assertThat(entry.put(line.substring(0, eq), line.substring(eq + 1))).as("key twice: " + line).isNull();
        }
        assertThat(entry).containsEntry("Type", "Application").containsEntry("Exec", PANEL_LAUNCHER)
                .containsEntry("Icon", "cordon").containsEntry("Terminal", "false").containsKey("Name");
        assertThat(entry.get("Categories")).endsWith(";");
        assertThat(List.of(entry.get("Categories").split(";"))).contains("System", "Security");
    }

    @Test
    void iconsExistInEverySizeTheyAreInstalledAs() throws IOException {
        assertThat(DebPackage.ICON_SIZES).isEqualTo(IcoFile.SIZES);
        for (int size : DebPackage.ICON_SIZES) {
            byte[] png = Files.readAllBytes(RESOURCES.resolve("icons/cordon-" + size + ".png"));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(png));
            assertThat(in.readLong()).as("PNG signature").isEqualTo(0x89504E470D0A1A0AL);
            in.readInt();
            assertThat(in.readInt()).as("IHDR").isEqualTo(0x49484452);
            assertThat(in.readInt()).as("width of cordon-" + size).isEqualTo(size);
            assertThat(in.readInt()).as("height of cordon-" + size).isEqualTo(size);
        }
        assertThat(Files.readString(RESOURCES.resolve("icons/cordon.svg"))).contains("<svg");
    }

    @Test
    void windowsManifestsAskForTheRightLevelAndStayWellFormedWhenEmbedded() throws Exception {
        Map<String, String> levels = Map.of("cordon.manifest", "asInvoker", "cordon-panel.manifest", "requireAdministrator");
        assertThat(WindowsLaunchers.MANIFESTS.values()).containsExactlyInAnyOrderElementsOf(levels.keySet());
        for (Map.Entry<String, String> e : levels.entrySet()) {
            byte[] embedded = WindowsLaunchers.embeddable(Files.readString(RESOURCES.resolve("windows/" + e.getKey())));
            assertThat(new String(embedded, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("<!--");
            NodeList level = xml(embedded).getElementsByTagName("requestedExecutionLevel");
            assertThat(level.getLength()).isEqualTo(1);
            assertThat(((Element) level.item(0)).getAttribute("level")).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(((Element) level.item(0)).getAttribute("uiAccess")).isEqualTo("false");
        }
    }

    @Test
    void prermIsAShellScriptThatNamesTheUninstall() throws Exception {
        Path prerm = RESOURCES.resolve("linux/prerm");
        String script = Files.readString(prerm);
        assertThat(script).startsWith("#!/bin/sh\n").contains("cordon uninstall").contains("exit 0");
        Process p = new ProcessBuilder("sh", "-n", prerm.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void licencesListEveryThirdPartyJarTheImageShips() throws IOException {
        String list = Files.readString(RESOURCES.resolve("licenses/THIRD-PARTY.md"));
        for (String component : List.of("OpenJDK", "OpenJFX", "AtlantaFX", "Ikonli", "Jackson", "JNA", "picocli",
                "SLF4J", "Logback")) {
            assertThat(list).contains(component);
        }
        for (String text : List.of("Apache-2.0.txt", "GPL-2.0.txt", "GPL-2.0-classpath-exception.txt", "LGPL-2.1.txt", "MIT.txt")) {
            assertThat(list).contains(text);
            assertThat(Files.size(RESOURCES.resolve("licenses/" + text))).as(text).isGreaterThan(500);
        }
    }
}
