/** iSCSI front door: pdu. */
package org.hbakit.iscsi.pdu;
