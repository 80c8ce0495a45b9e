/**
 * The HBAKit plugin for the Apache Felix Web Console (label {@code hbakit}): pages over the registry and client
 * APIs, their JSON, the live sampler and the operator actions. Private: the bundle exports nothing.
 */
package org.hbakit.console;
