import { Button as AriaButton, type ButtonProps as AriaButtonProps, type PressEvent } from 'react-aria-components';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

/** Class names for anything that should look like a button (links included). */
export function buttonClass(variant: ButtonVariant = 'primary', size?: 'small', extra?: string): string {
  return ['button', variant === 'primary' ? '' : `button--${variant}`, size ? `button--${size}` : '', extra ?? '']
    .filter(Boolean)
    .join(' ');
}

type ButtonProps = Omit<AriaButtonProps, 'className' | 'isPending'> & {
  variant?: ButtonVariant;
  size?: 'small';
  className?: string;
  /** Work in progress: the button stays focusable, shows a spinner, and ignores further presses. */
  isPending?: boolean;
};

/**
 * A react-aria button (keyboard, touch, press states) in the house style. The pending state is our own:
 * react-aria's announces through a live region node that keeps pointing at the button for seconds after
 * it is gone, which accessibility checkers rightly flag; the outcome is announced by our toasts instead.
 */
export function Button({ variant = 'primary', size, className, type = 'button', isPending, onPress, children, ...props }: ButtonProps) {
  const press = (event: PressEvent) => {
    if (!isPending) onPress?.(event);
  };
  return (
    <AriaButton
      {...props}
      type={isPending ? 'button' : type}
      onPress={press}
      aria-busy={isPending || undefined}
      data-pending={isPending || undefined}
      className={buttonClass(variant, size, className)}
    >
      {(renderProps) => (
        <>
          {isPending ? <span className="spinner" aria-hidden="true" /> : null}
          {typeof children === 'function' ? children(renderProps) : children}
        </>
      )}
    </AriaButton>
  );
}
