package org.hbakit.hba.sim.scsi;

/**
 * Where a long media command executing in steps stands ({@link ScsiExchange#isSuspended()}): which operation, its
 * range, how far it got, and what it decided at its start. Lives in its exchange, so a command in steps allocates
 * nothing; cleared with the exchange's response.
 */
final class CommandProgress {
	/** The step operation ({@code MediaSteps} codes); 0 when no command is in steps. */
	int op;
	/** The disk executing it. */
	Object owner;
	/** First LBA of the range. */
	long lba;
	/** Blocks of the range (UNMAP: block descriptors). */
	long blocks;
	/** Blocks done so far (UNMAP: blocks done in the current descriptor). */
	long done;
	/** A position decided at the start: the first medium error LBA (-1: none); UNMAP: the current descriptor. */
	long mark = -1;
	/** The fault injector's verdict at the start. */
	int verdict;
	/** Sense in descriptor format. */
	boolean descriptorSense;
	/** Flush the store when done (FUA, or write cache off). */
	boolean flush;
	/** VERIFY BYTCHK 11b: the first data-out block against every block; WRITE SAME: a zero pattern. */
	boolean repeat;
	/** A 16-byte work area (an UNMAP block descriptor). */
	final byte[] descriptor = new byte[16];

	void clear() {
		op = 0;
		owner = null;
		lba = 0;
		blocks = 0;
		done = 0;
		mark = -1;
		verdict = 0;
		descriptorSense = false;
		flush = false;
		repeat = false;
	}
}
