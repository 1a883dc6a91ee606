package io.nextframe.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real standalone Spark cluster of separate JVMs: a {@code Master} and two {@code Worker}s started from the jars
 * the build resolved (the spark-home folder they expect is assembled from them), a driver JVM running
 * {@code spark-submit}'s class ({@code org.apache.spark.deploy.SparkSubmit}) with the module's application jar
 * ({@code target/nextframe-spark-app.jar}, hence an integration test, after {@code package}), executors launched
 * by the Workers, which fetch the application jar from the driver. Its output files must be byte-identical to local
 * mode's.
 */
class StandaloneClusterIT {
    private final List<Process> daemons = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Process p : daemons.reversed()) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static List<String> classpath(String file) throws IOException {
        return Arrays.stream(Files.readString(Path.of("target", file)).trim().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
    }

    /** SPARK_HOME with jars/ holding Spark's runtime jars, as a distribution would. */
    Path sparkHome() throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : classpath("provided-classpath.txt")) {
            Path src = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(src.getFileName()), src.toAbsolutePath());
        }
        return home;
    }

    Process start(String name, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        Process p = pb.start();
        daemons.add(p);
        return p;
    }

    String awaitLog(String name, Pattern pattern, int count, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String log = Files.readString(tmp.resolve(name + ".log"));
            Matcher m = pattern.matcher(log);
            int found = 0;
            String last = null;
            while (m.find()) {
                found++;
                last = m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (found >= count) {
                return last;
            }
            if (!p.isAlive()) {
                fail(name + " exited with " + p.exitValue() + ":\n" + log);
            }
            Thread.sleep(200);
        }
        fail(name + " did not log " + pattern + " within 90 s:\n" + Files.readString(tmp.resolve(name + ".log")));
        return null;
    }

    @Test
    void aMasterAndTwoWorkersGiveTheSameFilesAsLocalMode() throws Exception {
        Path clips = SparkTestSupport.clipFolder(tmp.resolve("clips"));
        Path home = sparkHome();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = List.of(JavaModuleOptions.defaultModuleOptions().split(" "));
        Path local = Files.createDirectories(tmp.resolve("local-dirs"));
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOCAL_DIRS", local.toString(),
                "JAVA_HOME", System.getProperty("java.home"), "POCL_SIGFPE_HANDLER", "0");

        List<String> daemon = new ArrayList<>(List.of(java));
        daemon.addAll(flags);
        daemon.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xmx512m", "-Djava.io.tmpdir=" + local,
                "-Dspark.master.rest.enabled=false", "-cp", home.resolve("jars") + "/*"));
        List<String> master = new ArrayList<>(daemon);
        master.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0",
                "--webui-port", "0"));
        Process m = start("master", env, master);
        String url = awaitLog("master", Pattern.compile("Starting Spark master at (spark://[0-9.]+:[0-9]+)"), 1, m);
        for (int w = 0; w < 2; w++) {
            List<String> worker = new ArrayList<>(daemon);
            worker.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                    "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir",
                    Files.createDirectories(tmp.resolve("work" + w)).toString(), url));
            start("worker" + w, env, worker);
        }
        awaitLog("master", Pattern.compile("Registering worker"), 2, m);

        // the driver: what `spark-submit` runs (SparkSubmit from Spark's jars, client mode) with the module's
        // application jar, in its own JVM (this one already runs a local-mode SparkContext)
        Path appJar = Path.of(System.getProperty("nextframe.spark.appJar", "target/nextframe-spark-app.jar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is built by `package`, before this test");
        Path clusterOut = tmp.resolve("cluster-out");
        List<String> driver = new ArrayList<>(List.of(java));
        driver.addAll(flags);
        driver.addAll(List.of("-Xmx768m", "-Djava.io.tmpdir=" + local, "-cp", home.resolve("jars") + "/*",
                "org.apache.spark.deploy.SparkSubmit", "--class", "io.nextframe.spark.SparkMain",
                "--master", url, "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.memory=768m", "--conf", "spark.local.dir=" + local,
                "--conf", "spark.executorEnv.JAVA_HOME=" + System.getProperty("java.home"),
                appJar.toAbsolutePath().toString()));
        driver.addAll(List.of(SparkPredictTest.args("predict", "--input", clips.toString(), "--out",
                clusterOut.toString(), "--partitions", "4", "--json")));
        Process d = start("driver", env, driver);
        if (!d.waitFor(240, TimeUnit.SECONDS)) {
            fail("the cluster job did not finish in 240 s:\n" + Files.readString(tmp.resolve("driver.log")));
        }
        String log = Files.readString(tmp.resolve("driver.log"));
        assertEquals(0, d.exitValue(), log);
        assertTrue(log.contains("\"master\": \"" + url + "\""), log);

        Path localOut = tmp.resolve("local-out");
        SparkTestSupport.Run r = SparkTestSupport.spark(SparkPredictTest.args("predict", "--input", clips.toString(),
                "--out", localOut.toString()));
        assertEquals(0, r.code(), r.err());
        List<String> files = SparkPredictTest.files(localOut);
        assertEquals(files, SparkPredictTest.files(clusterOut));
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(localOut.resolve(f)), Files.readAllBytes(clusterOut.resolve(f)), f);
        }
        // the executors were separate JVMs launched by the Workers
        try (Stream<Path> s = Files.walk(tmp.resolve("work0"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("stderr")), "worker 0 ran no executor");
        }
    }
}
