package dev.cordon.app.elevation;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the panel's polkit action ({@code dev.cordon.panel}): which program it lets pkexec run. */
public final class PolkitAction {
    public static final String ACTION_ID = "dev.cordon.panel";
    static final String EXEC_PATH = "org.freedesktop.policykit.exec.path";

    private PolkitAction() {
    }

    /**
     * The exec.path annotation of the {@code dev.cordon.panel} action in {@code policy}; empty when the file does not
     * exist, or has no such action or annotation.
     *
     * @throws IllegalArgumentException when the file exists but cannot be read or parsed (naming it)
     */
    public static Optional<Path> execPath(Path policy) {
        if (!Files.isRegularFile(policy)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // the policy names polkit's DTD by URL: never fetch it
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // errors as exceptions, not also printed to stderr
            NodeList actions = b.parse(policy.toFile()).getElementsByTagName("action");
            for (int i = 0; i < actions.getLength(); i++) {
                Element action = (Element) actions.item(i);
                if (!ACTION_ID.equals(action.getAttribute("id"))) {
                    continue;
                }
                NodeList annotations = action.getElementsByTagName("annotate");
                for (int j = 0; j < annotations.getLength(); j++) {
                    Element a = (Element) annotations.item(j);
                    if (EXEC_PATH.equals(a.getAttribute("key"))) {
                        return Optional.of(Path.of(a.getTextContent().strip()));
                    }
                }
            }
            return Optional.empty();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("Cannot read the polkit action " + policy + ": " + e.getMessage(), e);
        }
    }
}
