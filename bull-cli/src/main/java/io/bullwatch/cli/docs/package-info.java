/** Small programs that make the pictures in the documentation. */
package io.bullwatch.cli.docs;
