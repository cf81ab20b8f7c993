/**
 * JMH benchmarks of BullWatch. Build with {@code mvn -B -pl bull-bench -am package -DskipTests},
 * run with {@code java -jar bull-bench/target/benchmarks.jar}; results and machines are recorded
 * in {@code docs/BENCHMARKS.md}.
 */
package io.bullwatch.bench;
