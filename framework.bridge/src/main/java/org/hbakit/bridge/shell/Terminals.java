package org.hbakit.bridge.shell;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the JVM talks to a terminal, on Java 17 as on 22+ (where {@code System.console()} is never null). */
final class Terminals {
	private Terminals() {
	}

	/** True when standard input and output are a terminal. */
	static boolean interactive() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			Method isTerminal = Console.class.getMethod("isTerminal");
			return (Boolean) isTerminal.invoke(console);
		} catch (NoSuchMethodException e) {
			return true; // before Java 22 a console exists only for a terminal
		} catch (ReflectiveOperationException | RuntimeException e) {
			return false;
		}
	}
}
