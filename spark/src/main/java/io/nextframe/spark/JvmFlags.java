package io.nextframe.spark;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Prints the JVM flags Spark needs on this JDK ({@link JavaModuleOptions#defaultModuleOptions()}, which include
 * {@code --add-modules=jdk.incubator.vector}); the launcher starts the driver JVM with them. Executors launched by
 * a cluster manager get them from Spark itself.
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    public static void main(String[] args) {
        System.out.println(JavaModuleOptions.defaultModuleOptions());
    }
}
