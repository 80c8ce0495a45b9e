/**
 * Gogo shell commands (scope {@code hba}) and the command-line front of the runnable jar. DS components; command
 * output goes to {@code System.out}, which Gogo routes to the calling session.
 */
package org.hbakit.bridge.shell;
