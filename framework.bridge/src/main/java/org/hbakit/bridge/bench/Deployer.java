package org.hbakit.bridge.bench;

/**
 * Deploys controller jars through the deploy folder while the workload runs, for {@code hba:bench --deploy-every}.
 * Called on the runner's deploy thread, one deployment at a time.
 */
public interface Deployer {
	/**
	 * Writes {@code jar} into the deploy folder as {@code fileName} (a plain write, as an operator's copy) and blocks
	 * until its content drives what it should (the HBAs it takes over moved, the bundle it replaces uninstalled).
	 *
	 * @return a one-line description of what happened
	 * @throws Exception if the jar was refused or the deployment did not finish in time (a deployment failure)
	 */
	String deploy(String fileName, byte[] jar) throws Exception;

	/**
	 * Removes {@code fileName} from the deploy folder and blocks until what it provided is retired.
	 *
	 * @return a one-line description of what happened
	 */
	String remove(String fileName) throws Exception;
}
