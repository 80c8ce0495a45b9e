/** Gogo commands (scope {@code hba}) over the simulated machine: {@code hba:hardware}, {@code hba:faults}. */
package org.hbakit.hba.sim.shell;
