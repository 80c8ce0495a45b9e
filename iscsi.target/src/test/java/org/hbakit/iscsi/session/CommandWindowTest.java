package org.hbakit.iscsi.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CmdSN windowing with serial number arithmetic across the 2^32 wrap. */
class CommandWindowTest {
	@Test
	void inOrderCommandsAdvanceAndTheWindowNarrowsWithRunningTasks() {
		CommandWindow w = new CommandWindow(-2); // wraps through 0
		assertThat(w.maxCmdSN()).isEqualTo(-2 + CommandWindow.SIZE - 1);
		assertThat(w.offer(-2, "a")).isEqualTo(CommandWindow.Verdict.DELIVER);
		w.taskStarted();
		assertThat(w.expCmdSN()).isEqualTo(-1);
		assertThat(w.maxCmdSN()).isEqualTo(-2 + CommandWindow.SIZE - 1);
		w.taskDone();
		assertThat(w.maxCmdSN()).isEqualTo(-1 + CommandWindow.SIZE - 1);
	}

	@Test
	void aCommandAheadWaitsForTheGapAndOutsideOrDuplicatesAreIgnored() {
		CommandWindow w = new CommandWindow(10);
		assertThat(w.offer(12, "c")).isEqualTo(CommandWindow.Verdict.HOLD);
		assertThat(w.offer(12, "c again")).isEqualTo(CommandWindow.Verdict.IGNORE);
		assertThat(w.offer(9, "old")).isEqualTo(CommandWindow.Verdict.IGNORE);
		assertThat(w.offer(w.maxCmdSN() + 1, "too far")).isEqualTo(CommandWindow.Verdict.IGNORE);
		assertThat(w.offer(11, CommandWindow.HANDLED)).isEqualTo(CommandWindow.Verdict.HOLD);
		assertThat(w.nextReleased()).isNull();
		assertThat(w.offer(10, "a")).isEqualTo(CommandWindow.Verdict.DELIVER);
		assertThat(w.nextReleased()).isSameAs(CommandWindow.HANDLED);
		assertThat(w.nextReleased()).isEqualTo("c");
		assertThat(w.nextReleased()).isNull();
		assertThat(w.expCmdSN()).isEqualTo(13);
	}

	@Test
	void serialNumbersCompareAcrossTheWrap() {
		assertThat(SerialNumbers.lessThan(0xFFFF_FFF0, 5)).isTrue();
		assertThat(SerialNumbers.lessThan(5, 0xFFFF_FFF0)).isFalse();
		assertThat(SerialNumbers.inWindow(1, -5, 10)).isTrue();
		assertThat(SerialNumbers.inWindow(11, -5, 10)).isFalse();
		assertThat(SerialNumbers.inWindow(5, 5, 4)).as("a closed window").isFalse();
	}
}
