package dev.cordon.app.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/** The startup baseline: an empty JavaFX window of the panel's size, reporting its first frame the same way. */
public final class EmptyStageApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("Empty JavaFX window"); // what panel-first-window.sh waits for
        stage.setScene(new Scene(new Pane(), 1240, 820));
        stage.show();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                System.out.println("first-frame-ms " + (System.currentTimeMillis() - jvmStart));
                System.out.flush();
            }
        }.start();
    }

    /** Entry point (JavaFX on the classpath refuses a main class that extends Application). */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(EmptyStageApp.class, args);
        }
    }
}
