/** The simulated HBA's host interface as the reference controller sees it: register offsets and queue entry layouts. */
package org.hbakit.controller.core.hba;
