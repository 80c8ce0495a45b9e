/** iSCSI front door: login. */
package org.hbakit.iscsi.login;
