/** Small programs that make the pictures in the documentation. */
package io.bullwatch.examples.docs;
