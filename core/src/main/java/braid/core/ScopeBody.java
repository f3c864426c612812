package braid.core;

import org.jspecify.annotations.Nullable;

/** Imperative fork/join code run inside a scope ({@link Engine#scope}). */
@FunctionalInterface
public interface ScopeBody<T extends @Nullable Object> {
    T run(Scope scope) throws Exception;
}
