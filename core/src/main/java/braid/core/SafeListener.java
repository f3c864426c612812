package braid.core;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the listeners; a listener that throws is logged once and never breaks the run. */
final class SafeListener implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final List<RunListener> listeners;
    private volatile boolean warned;

    SafeListener(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void failed(RunListener l, Throwable t) {
        if (!warned) {
            warned = true;
            LOG.warn("run listener {} threw; its exceptions are ignored", l.getClass().getName(), t);
        }
    }

    @Override
    public void runStarted(RunStart start) {
        for (RunListener l : listeners) {
            try {
                l.runStarted(start);
            } catch (Throwable t) {
                failed(l, t);
            }
        }
    }

    @Override
    public void taskEvent(TaskEvent event) {
        for (RunListener l : listeners) {
            try {
                l.taskEvent(event);
            } catch (Throwable t) {
                failed(l, t);
            }
        }
    }

    @Override
    public void progress(TaskProgress progress) {
        for (RunListener l : listeners) {
            try {
                l.progress(progress);
            } catch (Throwable t) {
                failed(l, t);
            }
        }
    }

    @Override
    public void runFinished(RunEnd end) {
        for (RunListener l : listeners) {
            try {
                l.runFinished(end);
            } catch (Throwable t) {
                failed(l, t);
            }
        }
    }
}
