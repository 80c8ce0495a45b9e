package org.hbakit.bridge.engine;

import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IOHost;

/** Creates io_done_queues; stateless. */
public final class IOHostImpl implements IOHost {
	@Override
	public IODoneQueue ioDoneQueueCreate(int depth) {
		return new IODoneQueueImpl(depth);
	}
}
