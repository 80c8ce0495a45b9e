/** The iSCSI protocol engine: connections, login, sessions, commands, task management and the listener. */
package org.hbakit.iscsi.session;
