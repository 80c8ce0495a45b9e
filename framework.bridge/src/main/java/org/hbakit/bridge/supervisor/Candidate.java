package org.hbakit.bridge.supervisor;

import org.hbakit.bridge.matching.Personality;

/**
 * A personality whose bundle registered the controller service its {@code IOUserClass} names: what matching may
 * probe and start.
 *
 * @param personality the personality
 * @param factory     its controller service
 */
public record Candidate(Personality personality, ControllerFactory factory) {
}
