import { useNavigate } from '@tanstack/react-router';
import { Button, Header, type Key, Menu, MenuItem, MenuSection, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../features/auth/api/sign-out.js';
import { Icon } from '../ui/icons.js';
import { useToast } from '../ui/toast.js';
import { useMe } from './me-context.js';

/** The person's name in the header, opening: profile and security, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const toast = useToast();

  const onAction = async (key: Key) => {
    if (key === 'profile') void navigate({ to: '/settings' });
    if (key === 'sign-out') {
      // mutateAsync: the menu unmounts once the session is gone, but this sequence must still finish.
      await signOut.mutateAsync().catch(() => undefined);
      toast.show(t('auth.signedOut'), 'info');
      await navigate({ to: '/sign-in' });
    }
  };

  return (
    <MenuTrigger>
      <Button className="header-button" aria-label={t('userMenu.label', { name: me.user.name || me.user.email })}>
        <Icon name="user" />
        <span>{me.user.name || me.user.email}</span>
      </Button>
      <Popover className="popover" placement="bottom end">
        <Menu className="menu" onAction={(key) => void onAction(key)} aria-label={t('userMenu.title')}>
          <MenuSection>
            <Header className="menu-header">
              <div>{me.user.name}</div>
              <div>{me.user.email}</div>
            </Header>
            <MenuItem id="profile" className="menu-item" textValue={t('userMenu.profile')}>
              {t('userMenu.profile')}
            </MenuItem>
            <MenuItem id="sign-out" className="menu-item" textValue={t('userMenu.signOut')}>
              {t('userMenu.signOut')}
            </MenuItem>
          </MenuSection>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
