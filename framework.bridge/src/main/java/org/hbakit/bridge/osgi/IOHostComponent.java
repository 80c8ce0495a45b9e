package org.hbakit.bridge.osgi;

import org.hbakit.bridge.engine.IOHostImpl;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IOHost;
import org.osgi.service.component.annotations.Component;

/** The {@link IOHost} service: where clients create io_done_queues. */
@Component(service = IOHost.class)
public final class IOHostComponent implements IOHost {
	private final IOHost host = new IOHostImpl();

	@Override
	public IODoneQueue ioDoneQueueCreate(int depth) {
		return host.ioDoneQueueCreate(depth);
	}
}
