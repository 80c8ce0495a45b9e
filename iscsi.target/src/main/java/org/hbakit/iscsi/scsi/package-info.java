/** iSCSI front door: scsi. */
package org.hbakit.iscsi.scsi;
