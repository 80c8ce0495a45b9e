package org.hbakit.controller.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/driverkit-mapping.md} complete for the client side: its "Mach io_done_queue calls" section names
 * every public member of {@link IODoneQueue} and {@link IODoneResult} and {@link IOHost#ioDoneQueueCreate}, and the
 * document gives every {@link KernReturn} code with its value. A member added to the API without its line in the
 * mapping fails here.
 */
class IoDoneQueueMappingDocTest {
	private static final String SECTION = "## Mach io_done_queue calls";

	private static String document() throws IOException {
		// surefire runs in the module's directory; the docs are the repository's
		return Files.readString(Path.of("..", "docs", "driverkit-mapping.md"));
	}

	private static String section(String doc) {
		int start = doc.indexOf(SECTION);
		assertTrue(start >= 0, "the mapping has a section '" + SECTION + "'");
		int end = doc.indexOf("\n## ", start + SECTION.length());
		return end < 0 ? doc.substring(start) : doc.substring(start, end);
	}

	private static Stream<Member> publicMembers(Class<?> type) {
		Stream<Member> methods = Stream.<Member>of(type.getDeclaredMethods())
				.filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
				.filter(m -> !m.getName().equals("toString"));
		Stream<Member> constants = Stream.<Member>of(type.getDeclaredFields())
				.filter(f -> Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()));
		return Stream.concat(methods, constants);
	}

	/** A method counts as named when the text has {@code name(}, a constant when it has {@code `NAME`}. */
	private static boolean names(String text, Member m) {
		return m instanceof Method ? text.contains(m.getName() + "(")
				: text.contains("`" + prefixed(m) + "`") || text.contains("`" + m.getName() + "`");
	}

	private static String prefixed(Member m) {
		return m.getDeclaringClass().getSimpleName() + "." + m.getName();
	}

	@Test
	void theMachSectionNamesEveryPublicMemberOfTheQueueAndTheResult() throws Exception {
		String mach = section(document());
		List<Member> members = new ArrayList<>();
		Stream.of(IODoneQueue.class, IODoneResult.class).flatMap(IoDoneQueueMappingDocTest::publicMembers)
				.forEach(members::add);
		members.add(IOHost.class.getMethod("ioDoneQueueCreate", int.class));
		Set<String> missing = new TreeSet<>();
		for (Member m : members) {
			if (!names(mach, m)) {
				missing.add(prefixed(m));
			}
		}
		assertEquals(Set.of(), missing, "members of the client API the mapping's Mach section does not name");
	}

	@Test
	void theDocumentGivesEveryKernReturnCodeWithItsValue() throws Exception {
		String doc = document();
		Set<String> missing = new TreeSet<>();
		for (Field f : KernReturn.class.getDeclaredFields()) {
			if (Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
				String named = "`" + f.getName() + "` " + f.getInt(null);
				if (!doc.contains(named)) {
					missing.add(named);
				}
			}
		}
		assertEquals(Set.of(), missing, "KernReturn codes the mapping does not give with their value");
	}
}
