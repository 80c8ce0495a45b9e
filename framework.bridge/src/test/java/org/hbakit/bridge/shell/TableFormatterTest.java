package org.hbakit.bridge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableFormatterTest {
	@Test
	void columnsAreAlignedAndTheLastIsNotPadded() {
		String out = new TableFormatter("NAME", "SCORE", "REASON").row("hba0", 5000, "ok").row("hba10", 7, "x")
				.format();

		assertThat(out).isEqualTo("""
				NAME  SCORE REASON
				hba0  5000  ok
				hba10 7     x
				""");
	}

	@Test
	void everyCellIsOneWord() {
		String out = new TableFormatter("A", "B", "C", "D").row(null, "", "two  words\tand\nmore", " trimmed ").format();

		assertThat(out.lines().skip(1)).containsExactly("- - two_words_and_more trimmed");
		assertThat(out.lines()).allSatisfy(line -> assertThat(line.split("\\s+")).hasSize(4));
	}

	@Test
	void anEmptyTableIsItsHeader() {
		assertThat(new TableFormatter("A", "B").format()).isEqualTo("A B\n");
	}

	@Test
	void aRowMustFillEveryColumn() {
		assertThatThrownBy(() -> new TableFormatter("A", "B").row("x")).isInstanceOf(IllegalArgumentException.class);
	}
}
