package dev.cordon.app.window;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** PNGs of scenes for docs/screenshots, without javafx-swing: the pixels are copied into a BufferedImage. */
final class Screenshots {
    private final Path dir;

    Screenshots(Path dir) {
        this.dir = dir;
    }

    static Screenshots fromSystemProperty() {
        return new Screenshots(Path.of(System.getProperty("cordon.screenshots", "target/screenshots")).normalize());
    }

    /** Must run on the JavaFX thread (snapshot). */
    Path take(Scene scene, String name) throws IOException {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        ImageIO.write(out, "png", file.toFile());
        return file;
    }
}
