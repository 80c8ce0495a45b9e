/** The kit's implementation: the run's HBA, the controller under test, the checks, the shell command. */
package org.hbakit.conformance.internal;
