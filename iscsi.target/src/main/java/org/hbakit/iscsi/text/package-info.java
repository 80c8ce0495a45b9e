/** iSCSI front door: text. */
package org.hbakit.iscsi.text;
