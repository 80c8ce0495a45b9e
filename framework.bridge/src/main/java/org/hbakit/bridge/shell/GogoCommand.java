package org.hbakit.bridge.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The Gogo command properties of a DS component: {@code osgi.command.scope} (String) and
 * {@code osgi.command.function} (always a String[], as Gogo expects, even with one name). Put it on a
 * {@code @Component} class, e.g. {@code @GogoCommand(scope = "hba", function = "bench")}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GogoCommand {
	/** Maps the element names to {@code osgi.command.*}. */
	String PREFIX_ = "osgi.command.";

	/** {@code osgi.command.scope}. */
	String scope();

	/** {@code osgi.command.function}: the public methods offered as commands. */
	String[] function();
}
