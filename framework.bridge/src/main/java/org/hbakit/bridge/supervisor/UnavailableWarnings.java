package org.hbakit.bridge.supervisor;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Warns once about each accepted personality that still cannot match a short while after the catalogue or the
 * controller services changed — most often an {@code IOUserClass} in {@code Info.plist} that no service of its
 * bundle names, the worst newcomer trap, since the personality is accepted and the device just stays unmatched.
 * The grace lets a bundle register its service after its personalities were read.
 */
final class UnavailableWarnings {
	/** How long a personality may lack its service before the warning. */
	static final long GRACE_MS = 3_000;

	private final SupervisorContext context;
	private final Set<String> warned = new HashSet<>();

	UnavailableWarnings(SupervisorContext context) {
		this.context = context;
	}

	/** Something changed: look again after the grace (on the timer thread). */
	void changed() {
		try {
			context.timer().schedule(this::check, GRACE_MS, TimeUnit.MILLISECONDS);
		} catch (RejectedExecutionException e) {
			// the bridge is stopping
		}
	}

	synchronized void check() {
		Set<String> now = new HashSet<>();
		for (CandidateSource.Unavailable u : context.candidates().unavailable()) {
			if (!u.problem() || context.candidates().withheldReason(u.personality().bundleId()) != null) {
				continue; // superseded or withheld (the deployer checks a bundle while it is withheld): as it should be
			}
			String key = u.personality().bundleId() + "/" + u.personality().name();
			now.add(key);
			if (warned.add(key)) {
				context.log().log(System.Logger.Level.WARNING, "personality " + u.personality().id()
						+ " (IOUserClass " + u.personality().ioUserClass() + ") cannot match any device: " + u.reason());
			}
		}
		warned.retainAll(now); // a personality that became usable (or left) is warned about again if it breaks again
	}
}
