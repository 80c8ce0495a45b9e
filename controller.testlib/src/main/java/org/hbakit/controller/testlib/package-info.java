/**
 * Plain JUnit 5 testing of a controller against the real framework engine and a simulated HBA, in one process and
 * without OSGi: {@link org.hbakit.controller.testlib.SimulatedHBABench}. The library is a plain jar for test scope
 * (it carries the engine and the simulated machine as ordinary dependencies); it is not a bundle, so no OSGi
 * runtime ever wires a controller to the implementations it uses.
 */
package org.hbakit.controller.testlib;
