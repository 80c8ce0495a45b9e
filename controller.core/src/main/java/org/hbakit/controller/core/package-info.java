/**
 * The reference controller bundle for the simulated HBA: the DS component
 * {@link org.hbakit.controller.core.HBAKitSimulatedHBAController} and its configuration. Exports nothing.
 */
package org.hbakit.controller.core;
