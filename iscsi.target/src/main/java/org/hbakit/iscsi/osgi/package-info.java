/** The front door as a Declarative Services component. */
package org.hbakit.iscsi.osgi;
