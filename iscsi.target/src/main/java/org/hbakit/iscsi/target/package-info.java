/** iSCSI front door: target. */
package org.hbakit.iscsi.target;
