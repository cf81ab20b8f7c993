/**
 * Small, complete programs showing the Java API, each runnable with {@code java -cp
 * examples/target/bull-examples.jar io.bullwatch.examples.api.NAME ...}: {@link
 * io.bullwatch.examples.api.DetectOneFile} (a model bundle on one recording), {@link
 * io.bullwatch.examples.api.TrainOnFolder} (a corpus folder to a model bundle), {@link
 * io.bullwatch.examples.api.AdaptToSite} (a model bundle tuned to a new site's unlabelled audio) and
 * {@link io.bullwatch.examples.api.LiveStream} (detection on audio as it arrives). They print to the
 * console because they are programs, not library code.
 */
package io.bullwatch.examples.api;
