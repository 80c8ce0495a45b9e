package org.hbakit.bridge.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.hbakit.bridge.shell.CommandLineLauncher.Mode;
import org.junit.jupiter.api.Test;

class CommandLineLauncherTest {

	@Test
	void argumentsMeanOneCommandWhateverTheTerminal() {
		assertThat(CommandLineLauncher.mode(new String[] { "hba:luns" }, false)).isEqualTo(Mode.COMMAND);
		assertThat(CommandLineLauncher.mode(new String[] { "hba:bench", "--qd", "1" }, true)).isEqualTo(Mode.COMMAND);
	}

	@Test
	void noArgumentsMeanAShellOnATerminalElseHeadless() {
		assertThat(CommandLineLauncher.mode(new String[0], true)).isEqualTo(Mode.SHELL);
		assertThat(CommandLineLauncher.mode(new String[0], false)).isEqualTo(Mode.HEADLESS);
		assertThat(CommandLineLauncher.mode(new String[] { " " }, false)).isEqualTo(Mode.HEADLESS);
	}

	@Test
	void readsTheLauncherProperty() {
		assertThat(CommandLineLauncher.arguments(new String[] { "a", "b" })).containsExactly("a", "b");
		assertThat(CommandLineLauncher.arguments("a  b")).containsExactly("a", "b");
		assertThat(CommandLineLauncher.arguments(null)).isEmpty();
	}

	@Test
	void findsTheScopedCommandToWaitFor() {
		assertThat(CommandLineLauncher.scopedCommand("hba:bench --qd 1")).containsExactly("hba", "bench");
		assertThat(CommandLineLauncher.scopedCommand("hba:luns")).containsExactly("hba", "luns");
		assertThat(CommandLineLauncher.scopedCommand("lb")).isNull();
	}

	@Test
	void callablesHaveTheIntegerCallTheBndLauncherLooksFor() throws Exception {
		// aQute.launcher.Launcher accepts a Callable main thread only if getClass().getMethod("call") returns Integer
		assertThat(CommandLineLauncher.OneCommand.class.getMethod("call").getReturnType()).isEqualTo(Integer.class);
		assertThat(CommandLineLauncher.InteractiveShell.class.getMethod("call").getReturnType())
				.isEqualTo(Integer.class);
	}
}
