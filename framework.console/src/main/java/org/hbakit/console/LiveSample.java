package org.hbakit.console;

import java.util.List;

/**
 * One sample of the {@link LiveSampler}: every HBA's figures at one moment.
 *
 * @param seq        the sample's number, increasing by one per sample from 1
 * @param timeMillis when it was taken (milliseconds since the epoch)
 * @param hbas       the figures of every HBA the registry knew then
 */
public record LiveSample(long seq, long timeMillis, List<HbaFigures> hbas) {
}
